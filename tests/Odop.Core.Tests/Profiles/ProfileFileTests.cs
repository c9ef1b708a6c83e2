using System.Text.Json.Nodes;
using Odop.Core.Profiles;
using Odop.Core.Quantities;

namespace Odop.Core.Tests.Profiles;

public class ProfileFileTests
{
    private static ProfileUpdate Update => new()
    {
        TaskId = ProfileJson.TaskId,
        Time = DurationQuantity.Parse("7min"),
        CpusMin = new CpuQuantity(750),
        CpusMax = new CpuQuantity(900),
        ThreadsMin = 1,
        Measured = new MeasuredStats(1, new MeasuredUsage(1, 2, 3, 4), new MeasuredUsage(1, 2, 3, 4), DateTimeOffset.UnixEpoch),
    };

    [Test]
    public void ApplyUpdate_ChangesOnlyOwnedValues_AndKeepsEveryOtherKey()
    {
        using var folder = new TempFolder();
        var file = folder.Write("reduce.json", ProfileJson.Example());

        ProfileFile.ApplyUpdate(file, Update);

        var after = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var expected = ProfileJson.ExampleObject();
        var req = expected["execution_requirement"]!.AsObject();
        req["time"] = "7m";
        req["cpus"] = new JsonObject { ["max"] = "900mcpu", ["min"] = "750mcpu" };
        req["threads"]!["min"] = "1";
        expected["measured"] = JsonNode.Parse("""
            { "runs": 1, "last": { "cpu_seconds": 1, "peak_rss_bytes": 2, "peak_threads": 3, "wall_seconds": 4 },
              "ewma": { "cpu_seconds": 1, "peak_rss_bytes": 2, "peak_threads": 3, "wall_seconds": 4 },
              "updated_at": "1970-01-01T00:00:00.0000000+00:00" }
            """);
        Assert.That(JsonNode.DeepEquals(after, expected), Is.True, after.ToJsonString());
        // Key order is kept too, so a diff of the file shows only what changed.
        Assert.That(after.Select(kv => kv.Key), Is.EqualTo(expected.Select(kv => kv.Key)));
    }

    [Test]
    public void ApplyUpdate_WritesPrettyJson_ThatLoadsAsAValidProfile()
    {
        using var folder = new TempFolder();
        var file = folder.Write("reduce.json", ProfileJson.Example());

        var returned = ProfileFile.ApplyUpdate(file, Update);

        var text = File.ReadAllText(file);
        Assert.That(text, Does.StartWith("{\n  \"task_id\": "));
        Assert.That(text, Does.EndWith("}\n"));
        var reloaded = TaskProfile.Load(file);
        Assert.That(reloaded.Requirement, Is.EqualTo(returned.Requirement));
        Assert.That(reloaded.Requirement.Cpus.Min, Is.EqualTo(new CpuQuantity(750)));
        Assert.That(reloaded.Measured, Is.EqualTo(Update.Measured));
    }

    [Test]
    public void ApplyUpdate_LeavesNoTemporaryFiles_AndKeepsPermissions()
    {
        using var folder = new TempFolder();
        var file = folder.Write("reduce.json", ProfileJson.Example());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        ProfileFile.ApplyUpdate(file, Update);

        Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "reduce.json" }));
        if (!OperatingSystem.IsWindows())
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void ApplyUpdate_ThatWouldBreakTheProfile_WritesNothing()
    {
        using var folder = new TempFolder();
        var file = folder.Write("reduce.json", ProfileJson.Example());
        var bad = Update with { CpusMin = new CpuQuantity(5000) };

        var ex = Assert.Throws<OdopValidationException>(() => ProfileFile.ApplyUpdate(file, bad));

        Assert.That(ex!.File, Is.EqualTo(file));
        Assert.That(File.ReadAllText(file), Is.EqualTo(ProfileJson.Example()));
        Assert.That(Directory.GetFiles(folder.Path), Has.Length.EqualTo(1));
    }

    [Test]
    public void ApplyUpdate_ToABrokenFile_RefusesAndLeavesItAlone()
    {
        using var folder = new TempFolder();
        var file = folder.Write("reduce.json", "{ broken");
        Assert.Throws<OdopValidationException>(() => ProfileFile.ApplyUpdate(file, Update));
        Assert.That(File.ReadAllText(file), Is.EqualTo("{ broken"));
    }

    [Test]
    public void Save_KeepsNonAsciiReadable()
    {
        using var folder = new TempFolder();
        var profile = TaskProfile.Parse(ProfileJson.With("metadata.description", "Réduction + moyenne"));
        var file = Path.Combine(folder.Path, "p.json");
        ProfileFile.Save(file, profile);
        Assert.That(File.ReadAllText(file), Does.Contain("\"description\": \"Réduction + moyenne\""));
    }
}
