using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Odop.Core.Profiles;
using Odop.Core.Quantities;

namespace Odop.Core.Tests.Profiles;

/// <summary>The schema editors use must agree with what the parser accepts and what Odop writes.</summary>
public class ProfileSchemaTests
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

    private static bool Matches(string def, string text)
    {
        var pattern = Schema["$defs"]![def]!["anyOf"]![0]!["pattern"]!.GetValue<string>();
        return Regex.IsMatch(text, pattern, RegexOptions.ECMAScript);
    }

    [Test]
    public void Schema_IsDraft2020_12_AndRequiresWhatTheParserRequires()
    {
        Assert.That(Schema["$schema"]!.GetValue<string>(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
        Assert.That(Schema["required"]!.AsArray().Select(n => n!.GetValue<string>()),
            Is.EquivalentTo(new[] { "task_id", "metadata", "execution_method", "execution_requirement" }));
        var requirement = Schema["properties"]!["execution_requirement"]!;
        Assert.That(requirement["required"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EquivalentTo(new[] { "time", "cpus" }));
        Assert.That(requirement["properties"]!["cpus"]!["required"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("min"));
    }

    [TestCase("cpuQuantity", new[] { "500mcpu", "250m", "1.5", "2", "1000mcpu" }, new[] { "5x", "-1", "1e3", "" })]
    [TestCase("memoryQuantity", new[] { "2G", "512Mi", "1.5Gi", "100M", "64k", "64Ki", "1024", "2GB", "64KiB" }, new[] { "2m", "2g", "-5M", "Gi", "" })]
    [TestCase("duration", new[] { "10min", "90s", "1h30m", "1h", "250ms", "2d", "45", "1d2h3m4s5ms" }, new[] { "10x", "1h30", "-5s", "" })]
    [TestCase("threadCount", new[] { "1", "4", "16" }, new[] { "0", "-2", "four", "" })]
    public void Patterns_AcceptWhatTheParserAccepts_AndRejectItsRejections(string def, string[] valid, string[] invalid)
    {
        foreach (var text in valid) Assert.That(Matches(def, text), Is.True, text);
        foreach (var text in invalid) Assert.That(Matches(def, text), Is.False, text);
    }

    [Test]
    public void Patterns_AcceptEveryFormOdopWrites()
    {
        var usage = new MeasuredUsage(61.3, 1_234_567_891, 3, 3_700.25);
        var update = ProfileUsageFeedback.Apply(TaskProfile.Parse(ProfileJson.Example()), usage, DateTimeOffset.UnixEpoch);
        Assert.That(Matches("duration", update.Time!.Value.ToString()), Is.True);
        Assert.That(Matches("cpuQuantity", update.CpusMax!.Value.ToString()), Is.True);
        Assert.That(Matches("memoryQuantity", update.MemoryMax!.Value.ToString()), Is.True);
        Assert.That(Matches("memoryQuantity", new MemoryQuantity(1_234_567).ToString()), Is.True);
    }
}
