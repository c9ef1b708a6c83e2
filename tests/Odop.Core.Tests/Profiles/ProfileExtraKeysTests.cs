using System.Text.Json.Nodes;
using Odop.Core.Profiles;

namespace Odop.Core.Tests.Profiles;

/// <summary>Our extra keys class and on_timeout: what they parse to, and errors that name the field.</summary>
public class ProfileExtraKeysTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(File.ReadAllText(SchemaPath()))!.AsObject();

    private static string SchemaPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "profiles", "odop-profile.schema.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("profiles/odop-profile.schema.json not found above the test folder");
    }

    [Test]
    public void Class_IsNormalWhenAbsent_AndReadsEachName()
    {
        Assert.That(TaskProfile.Parse(ProfileJson.Example()).Class, Is.EqualTo(ExecutionClass.Normal));
        foreach (var cls in Enum.GetValues<ExecutionClass>())
            Assert.That(TaskProfile.Parse(ProfileJson.With("class", cls.ToName())).Class, Is.EqualTo(cls));
    }

    [Test]
    public void Class_Unknown_NamesTheFileAndTheField()
    {
        var ex = Assert.Throws<OdopValidationException>(() => TaskProfile.Parse(ProfileJson.With("class", "vip"), "profiles/reduce.json"));

        Assert.That(ex!.File, Is.EqualTo("profiles/reduce.json"));
        Assert.That(ex.Field, Is.EqualTo("class"));
        Assert.That(ex.Problem, Is.EqualTo("must be one of exclusive, normal, background, not 'vip'"));
    }

    [Test]
    public void Class_TheSchemaListsTheNamesTheParserKnows()
    {
        var names = Schema["properties"]!["class"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.That(names, Is.EquivalentTo(Enum.GetValues<ExecutionClass>().Select(c => c.ToName())));
    }

    [Test]
    public void OnTimeout_AnArgvList_GetsTheDefaultLimit()
    {
        var profile = TaskProfile.Parse(ProfileJson.With("on_timeout", new JsonArray("./cleanup.sh", "{execution_id}")));

        Assert.That(profile.OnTimeout!.Argv, Is.EqualTo(new[] { "./cleanup.sh", "{execution_id}" }));
        Assert.That(profile.OnTimeout.Time, Is.EqualTo(OnTimeoutCommand.DefaultTime));
    }

    [Test]
    public void OnTimeout_AnObject_CarriesItsOwnLimit()
    {
        var profile = TaskProfile.Parse(ProfileJson.With("on_timeout", new JsonObject
        {
            ["command"] = new JsonArray("sh", "-c", "true"),
            ["time"] = "30s",
        }));

        Assert.That(profile.OnTimeout!.Argv, Is.EqualTo(new[] { "sh", "-c", "true" }));
        Assert.That(profile.OnTimeout.Time.TotalSeconds, Is.EqualTo(30));
        Assert.That(TaskProfile.Parse(ProfileJson.Example()).OnTimeout, Is.Null);
    }

    [TestCase("\"cleanup.sh\"", "on_timeout")]
    [TestCase("[]", "on_timeout")]
    [TestCase("[\"\"]", "on_timeout[0]")]
    [TestCase("[3]", "on_timeout[0]")]
    [TestCase("{\"time\": \"30s\"}", "on_timeout.command")]
    [TestCase("{\"command\": [\"x\"], \"time\": \"soon\"}", "on_timeout.time")]
    [TestCase("{\"command\": [\"x\"], \"time\": \"0s\"}", "on_timeout.time")]
    public void OnTimeout_Malformed_NamesTheField(string value, string field)
    {
        var ex = Assert.Throws<OdopValidationException>(() => TaskProfile.Parse(ProfileJson.With("on_timeout", JsonNode.Parse(value))));

        Assert.That(ex!.Field, Is.EqualTo(field));
    }
}
