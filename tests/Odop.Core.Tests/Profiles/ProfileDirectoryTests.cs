using Odop.Core.Profiles;

namespace Odop.Core.Tests.Profiles;

public class ProfileDirectoryTests
{
    private const string OtherId = "11111111-2222-3333-4444-555555555555";

    [Test]
    public void Load_IndexesByTaskIdAndName_IgnoringCase_AndSkipsSchemas()
    {
        using var folder = new TempFolder();
        folder.Write("reduce.json", ProfileJson.Example());
        folder.Write("odop-profile.schema.json", "{ \"not\": \"a profile\" }");
        folder.Write("notes.txt", "not json");

        var dir = ProfileDirectory.Load(folder.Path);

        Assert.That(dir.Errors, Is.Empty);
        Assert.That(dir.Profiles.Select(p => p.Name), Is.EqualTo(new[] { "reduce" }));
        Assert.That(dir.TryGet("reduce", out var byName) && byName.Name == "reduce", Is.True);
        Assert.That(dir.TryGet(ProfileJson.TaskId.ToUpperInvariant(), out var byId) && byId == byName, Is.True);
        Assert.That(dir.TryGet("missing", out _), Is.False);
    }

    [Test]
    public void Load_ReportsEachBrokenFile_AndKeepsTheGoodOnes()
    {
        using var folder = new TempFolder();
        folder.Write("a-good.json", ProfileJson.Example());
        var broken = folder.Write("b-broken.json", "{");
        var badUnit = folder.Write("c-unit.json", ProfileJson.Example("other", OtherId).Replace("\"500mcpu\"", "\"5x\""));

        var dir = ProfileDirectory.Load(folder.Path);

        Assert.That(dir.Profiles, Has.Count.EqualTo(1));
        Assert.That(dir.Errors.Select(e => e.File), Is.EqualTo(new[] { broken, badUnit }));
        Assert.That(dir.Errors[1].Message, Is.EqualTo(
            $"{badUnit}: execution_requirement.cpus.min: '5x' is not a CPU quantity (examples: 500mcpu, 1.5, 2)"));
    }

    [TestCase("reduce", OtherId, "metadata.name")]
    [TestCase("other", ProfileJson.TaskId, "task_id")]
    [TestCase(ProfileJson.TaskId, OtherId, "metadata.name")] // a name may not shadow another profile's id
    public void Load_RefusesADuplicate_NamingBothFiles(string secondName, string secondId, string field)
    {
        using var folder = new TempFolder();
        var first = folder.Write("a.json", ProfileJson.Example());
        var second = folder.Write("b.json", ProfileJson.Example(secondName, secondId));

        var dir = ProfileDirectory.Load(folder.Path);

        Assert.That(dir.Profiles.Select(p => p.File), Is.EqualTo(new[] { first }));
        var error = dir.Errors.Single();
        Assert.That(error.File, Is.EqualTo(second));
        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Message, Does.Contain(first));
        Assert.That(dir.TryGet(secondName, out var found) && found.File == first, Is.EqualTo(secondName != "other"));
    }

    [Test]
    public void Reload_SeesAddedFixedAndRemovedFiles()
    {
        using var folder = new TempFolder();
        var broken = folder.Write("a.json", "{");
        var dir = ProfileDirectory.Load(folder.Path);
        Assert.That(dir.Errors, Has.Count.EqualTo(1));

        File.WriteAllText(broken, ProfileJson.Example());
        folder.Write("b.json", ProfileJson.Example("other", OtherId));
        dir.Reload();
        Assert.That(dir.Errors, Is.Empty);
        Assert.That(dir.TryGet("other", out _), Is.True);

        File.Delete(broken);
        dir.Reload();
        Assert.That(dir.TryGet("reduce", out _), Is.False);
    }

    [Test]
    public void Load_MissingFolder_IsAnError_NotAnException()
    {
        var dir = ProfileDirectory.Load("/nonexistent/odop/profiles");
        Assert.That(dir.Profiles, Is.Empty);
        Assert.That(dir.Errors.Single().File, Is.EqualTo("/nonexistent/odop/profiles"));
    }
}
