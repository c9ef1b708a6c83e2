using Odop.Agent.Access;
using Odop.Agent.Access.Limits;
using Odop.Core;

namespace Odop.Agent.Tests.Access.Limits;

/// <summary>Reading and applying limits files: pure, with the time of day and the user's unfinished executions given.</summary>
public class LimitsFileTests
{
    private const string File = "limits.json";

    private static OdopValidationException Invalid(string text) =>
        Assert.Throws<OdopValidationException>(() => LimitsFile.Parse(text, File))!;

    [Test]
    public void MalformedJson_NamesTheLineAndTheReason()
    {
        var error = Invalid("{\n  \"rules\": [\n    {\"users\": [\"alice\"] \"max_concurrent\": 4}\n  ]\n}");

        Assert.That(error.Line, Is.EqualTo(3));
        Assert.That(error.Message, Does.StartWith("limits.json: line 3, position"));
        Assert.That(error.Problem, Does.Contain("'\"' is invalid after a value"));
    }

    [Test]
    public void AnUnknownField_IsNamedByItsPath()
    {
        var error = Invalid("""{"rules": [{"max_concurrent": 2}, {"users": ["bob"], "max_cores_per_user": 8}]}""");

        Assert.That(error.Field, Is.EqualTo("rules[1].max_cores_per_user"));
        Assert.That(error.Message, Does.Contain("unknown field").And.Contain("max_cores"));
    }

    [TestCase("""{"rules": [{"window": "22:00-6"}]}""", "rules[0].window")]
    [TestCase("""{"rules": [{"max_concurrent": 0}]}""", "rules[0].max_concurrent")]
    [TestCase("""{"rules": [{"max_concurrent": "four"}]}""", "rules[0].max_concurrent")]
    [TestCase("""{"rules": [{"max_time": "forever"}]}""", "rules[0].max_time")]
    [TestCase("""{"rules": [{"users": ["alice"]}]}""", "rules[0]")]
    [TestCase("""{"rules": [{"users": [], "allow": false}]}""", "rules[0].users")]
    [TestCase("""{"limits": []}""", "limits")]
    [TestCase("""[]""", "")]
    public void AWrongValue_IsNamedByItsPath(string text, string field)
    {
        Assert.That(Invalid(text).Field, Is.EqualTo(field));
    }

    private static readonly LimitsFile Rules = LimitsFile.Parse("""
        {
          "rules": [
            {"users": ["eve"], "allow": false, "comment": "rules[0]"},
            {"users": ["bob"], "allowed_tasks": ["heat-summary"]},
            {"tasks": ["upload"], "allowed_users": ["alice"]},
            {"tasks": ["archive"], "window": "22:00-06:00"},
            {"max_time": "1h"},
            {"users": ["*"], "max_concurrent": 2},
            {"users": ["alice"], "max_cores": 3}
          ]
        }
        """, File);

    private static LimitsRefusal? Check(string user, string task, int unfinished = 0, double cores = 1, TimeSpan? time = null, string at = "12:00")
    {
        var mine = Enumerable.Range(0, unfinished).Select(_ => new UnfinishedExecution("heat-summary", 1)).ToList();
        return LimitsCheck.Evaluate(Rules, user, mine, [(new UnfinishedExecution(task, cores), time ?? TimeSpan.FromMinutes(5))], TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public void EachRule_RefusesWhatItSays_AndNamesItself()
    {
        Assert.That(Check("eve", "heat-summary")?.ToString(), Is.EqualTo("limits.json: rules[0] (user eve may not run heat-summary)"));
        Assert.That(Check("bob", "upload")?.RuleIndex, Is.EqualTo(1));
        Assert.That(Check("carol", "upload")?.ToString(), Is.EqualTo("limits.json: rules[2] (only alice may run upload)"));
        Assert.That(Check("alice", "archive", at: "12:00")?.RuleIndex, Is.EqualTo(3));
        Assert.That(Check("alice", "archive", at: "23:30"), Is.Null, "inside a window that wraps past midnight");
        Assert.That(Check("alice", "archive", at: "05:59"), Is.Null);
        Assert.That(Check("alice", "heat-summary", time: TimeSpan.FromHours(2))?.RuleIndex, Is.EqualTo(4));
        Assert.That(Check("alice", "heat-summary", unfinished: 2)?.ToString(), Is.EqualTo("limits.json: rules[5] (max_concurrent 2 for user alice: 2 unfinished, 1 more asked)"));
        Assert.That(Check("alice", "heat-summary", unfinished: 1, cores: 2.5)?.RuleIndex, Is.EqualTo(6));
        Assert.That(Check("alice", "heat-summary", unfinished: 1, cores: 2), Is.Null, "exactly at the core limit");
    }

    [Test]
    public void Quotas_AreResourceLimits_AndBansArePermissions()
    {
        Assert.That(Check("alice", "heat-summary", unfinished: 2)!.Quota, Is.True);
        Assert.That(Check("eve", "heat-summary")!.Quota, Is.False);
    }

    [Test]
    public void UnknownCapabilities_AreRefused_NamingThemAndTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Capabilities.Parse(["query,lease", "frob"], "--capabilities"))!;

        Assert.That(error.Message, Is.EqualTo("--capabilities: unknown capability 'frob' (known: enqueue, exec, query, lease, admin)"));
        Assert.That(Capabilities.Parse(["query, lease"]), Is.EquivalentTo(new[] { Capability.Query, Capability.Lease }));
    }
}
