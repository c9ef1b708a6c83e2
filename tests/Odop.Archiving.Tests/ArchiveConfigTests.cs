using Odop.Core;

namespace Odop.Archiving.Tests;

public class ArchiveConfigTests
{
    private static ArchiveConfig Parse(string json, string file = "/etc/odop/archivers.json") =>
        ArchiveConfig.Parse(json, file, ArchiverRegistry.CreateDefault());

    private static string Error(string json) => Assert.Throws<OdopValidationException>(() => Parse(json))!.Message;

    [Test]
    public void TheIssuesExample_Parses_WithEveryField()
    {
        var config = Parse("""
            {"archivers": [{"name": "jsonl", "type": "jsonl", "path": "results.jsonl"},
                           {"type": "http", "url": "http://127.0.0.1:8080/results", "timeout": "5s",
                            "retries": {"max": 10, "backoff": "1s", "max_backoff": "1m"}, "ttl": "24h"},
                           {"type": "sqlite", "path": "/var/lib/odop/results.db"}]}
            """);

        Assert.That(config.Archivers.Select(a => a.Settings.Name), Is.EqualTo(new[] { "jsonl", "http", "sqlite" }), "the name defaults to the type");
        var http = config.Archivers[1].Settings;
        Assert.That((http.Timeout, http.Ttl), Is.EqualTo((TimeSpan.FromSeconds(5), TimeSpan.FromHours(24))));
        Assert.That(http.Retries, Is.EqualTo(new RetryPolicy { MaxAttempts = 10, Backoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMinutes(1) }));
        Assert.That(config.BacklogPath, Is.Null);
    }

    [Test]
    public void AnUnknownType_IsRefused_ListingTheKnownOnes() =>
        Assert.That(Error("""{"archivers": [{"type": "s3", "bucket": "b"}]}"""),
            Is.EqualTo("/etc/odop/archivers.json: archivers[0].type: unknown archiver type 's3'; known types: http, jsonl, sqlite"));

    [Test]
    public void ABadDuration_NamesTheFileAndField() =>
        Assert.That(Error("""{"archivers": [{"type": "jsonl", "path": "a", "retries": {"backoff": "soon"}}]}"""),
            Does.StartWith("/etc/odop/archivers.json: archivers[0].retries.backoff: "));

    [Test]
    public void AMissingUrl_NamesTheField() =>
        Assert.That(Error("""{"archivers": [{"type": "http"}]}"""), Is.EqualTo("/etc/odop/archivers.json: archivers[0].url: is required"));

    [Test]
    public void ANonHttpUrl_IsRefused() =>
        Assert.That(Error("""{"archivers": [{"type": "http", "url": "ftp://x/y"}]}"""), Does.Contain("archivers[0].url: 'ftp://x/y' is not an absolute http"));

    [Test]
    public void AnUnknownField_IsRefused_RatherThanIgnored() =>
        Assert.That(Error("""{"archivers": [{"type": "jsonl", "path": "a", "pth": "b"}]}"""),
            Is.EqualTo("/etc/odop/archivers.json: archivers[0].pth: unknown field for an archiver of type 'jsonl'"));

    [Test]
    public void TwoArchiversWithOneName_AreRefused() =>
        Assert.That(Error("""{"archivers": [{"type": "jsonl", "path": "a"}, {"type": "jsonl", "path": "b"}]}"""),
            Does.Contain("archivers[1].name: 'jsonl' is used twice"));

    [Test]
    public void BrokenJson_SaysWhichLine()
    {
        var e = Assert.Throws<OdopValidationException>(() => Parse("{\"archivers\": [\n  {\"type\": \"jsonl\",}\n]}"))!;
        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Message, Does.StartWith("/etc/odop/archivers.json: line 2"));
    }

    [Test]
    public void MaxBackoffShorterThanBackoff_IsRefused() =>
        Assert.That(Error("""{"archivers": [{"type": "jsonl", "path": "a", "retries": {"backoff": "1m", "max_backoff": "1s"}}]}"""),
            Does.Contain("archivers[0].retries.max_backoff: 1s is shorter than backoff 1m"));

    [Test]
    public void RelativePaths_AreRelativeToTheFilesFolder()
    {
        var config = Parse("""{"backlog": "backlog.db", "archivers": []}""");
        Assert.That(config.BacklogPath, Is.EqualTo("/etc/odop/backlog.db"));
    }

    [Test]
    public void AnotherArchiverType_CanBeRegistered()
    {
        var registry = ArchiverRegistry.CreateDefault();
        registry.Register("null", c => new Support.CollectingArchiver(c.Settings.Name + ":" + c.RequiredString("label")));

        var config = ArchiveConfig.Parse("""{"archivers": [{"type": "null", "label": "x"}]}""", null, registry);

        Assert.That(config.Archivers.Single().Archiver.Name, Is.EqualTo("null:x"));
    }
}
