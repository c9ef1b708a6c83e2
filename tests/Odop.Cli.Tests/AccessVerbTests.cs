using Odop.Cli.Tests.Support;

namespace Odop.Cli.Tests;

/// <summary>`odop users|config|lease|usage|limits` as a person types them, with a private config folder.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class AccessVerbTests
{
    private string _config = null!;

    [SetUp]
    public void PrivateConfig() => _config = Directory.CreateTempSubdirectory("odop-cli-config-").FullName;

    [TearDown]
    public void RemoveConfig() => Directory.Delete(_config, recursive: true);

    private Task<CliResult> Odop(params string[] args) => OdopCli.RunAsync(args, environment: new Dictionary<string, string>
    {
        ["XDG_CONFIG_HOME"] = _config,
        ["ODOP_TOKEN"] = "",
        ["ODOP_ENDPOINT"] = "",
        ["ODOP_AGENT"] = "",
    });

    [Test]
    public async Task LimitsCheck_OfAMalformedFile_NamesLineAndReason_AndExits2()
    {
        var bad = Path.Combine(_config, "limits.json");
        await File.WriteAllTextAsync(bad, "{\"rules\": [\n  {\"users\": [\"alice\"], \"max_concurrent\": 4,}\n]}");
        var unknown = Path.Combine(_config, "unknown.json");
        await File.WriteAllTextAsync(unknown, """{"rules": [{"users": ["alice"], "max_concurent": 4}]}""");
        var good = Path.Combine(_config, "good.json");
        await File.WriteAllTextAsync(good, """{"rules": [{"users": ["alice"], "max_concurrent": 4}, {"tasks": ["upload"], "window": "22:00-06:00"}]}""");

        var malformed = await Odop("limits", "check", bad);
        var misspelt = await Odop("limits", "check", unknown);
        var valid = await Odop("limits", "check", good);

        Assert.That(malformed.ExitCode, Is.EqualTo(2), malformed.ToString());
        Assert.That(malformed.Stderr, Does.Contain($"{bad}: line 2, position"));
        Assert.That(misspelt.ExitCode, Is.EqualTo(2), misspelt.ToString());
        Assert.That(misspelt.Stderr, Does.Contain("rules[0].max_concurent: unknown field"));
        Assert.That(valid.ExitCode, Is.EqualTo(0), valid.ToString());
        Assert.That(valid.Stdout, Does.Contain("2 rule(s), valid"));
    }

    [Test]
    public async Task UsersCreate_WithAnUnknownCapability_Exits2_NamingIt()
    {
        var result = await Odop("users", "create", "alice", "--capabilities", "query,frob", "--agent", "unix:/nonexistent/agent.sock");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("--capabilities: unknown capability 'frob' (known: enqueue, exec, query, lease, admin)"));
    }

    [Test]
    public async Task ASavedTokenAndEndpoint_AreUsedByEveryVerb_AndTheConfigFileIsMode0600()
    {
        await using var node = await LocalNode.StartAsync();
        var created = await Odop("users", "create", "alice", "--capabilities", "query,lease", "--endpoint", node.Endpoint);
        Assert.That(created.ExitCode, Is.EqualTo(0), created.ToString());
        var token = created.Stdout.Trim();

        Assert.That((await Odop("config", "set", "endpoint", node.Endpoint)).ExitCode, Is.EqualTo(0));
        Assert.That((await Odop("config", "set", "token", token)).ExitCode, Is.EqualTo(0));
        var list = await Odop("tasks", "list");
        var admin = await Odop("users", "list");
        var show = await Odop("config", "show");

        Assert.That(File.GetUnixFileMode(Path.Combine(_config, "odop", "config.json")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(list.ExitCode, Is.EqualTo(0), list.ToString());
        Assert.That(admin.ExitCode, Is.EqualTo(1), "the saved token is alice's, who is no admin");
        Assert.That(admin.Stderr, Does.Contain("PermissionDenied").And.Contain("'admin'"));
        Assert.That(show.Stdout, Does.Contain(node.Endpoint).And.Not.Contain(token));
    }

    [Test]
    public async Task LeaseVerbs_AcquireListRelease_AndRefuseMoreCoresThanTheNodeOffers()
    {
        await using var node = await LocalNode.StartAsync();
        var cores = global::Odop.Node.Affinity.OfCurrentProcess().Count;

        var tooMany = await Odop("lease", "acquire", "--cores", (cores + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "--agent", node.Endpoint);
        var acquired = await Odop("lease", "acquire", "--cores", "1", "--for", "10m", "--agent", node.Endpoint);
        var id = acquired.Stdout.Split(' ')[0];
        var listed = await Odop("lease", "list", "--agent", node.Endpoint);
        var released = await Odop("lease", "release", id, "--agent", node.Endpoint);
        var usage = await Odop("usage", "--from", DateTime.Now.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "--agent", node.Endpoint);

        Assert.That(tooMany.ExitCode, Is.EqualTo(1), tooMany.ToString());
        Assert.That(tooMany.Stderr, Does.Contain($"InvalidArgument: cores: {cores + 1} asked, but this node offers {cores} core(s)"));
        Assert.That(acquired.ExitCode, Is.EqualTo(0), acquired.ToString());
        Assert.That(acquired.Stdout, Does.Match(@"^[0-9a-f]{12} CPUs \d+ until "));
        Assert.That(listed.Stdout, Does.Contain(id).And.Contain("admin"));
        Assert.That(released.Stdout, Does.Contain($"{id} released"));
        Assert.That(usage.ExitCode, Is.EqualTo(0), usage.ToString());
        Assert.That(usage.Stdout, Does.Contain("(lease)"));
    }
}
