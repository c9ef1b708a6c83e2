using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Odop.Archiving.Tests.Support;

namespace Odop.Archiving.Tests.Archivers;

public class BuiltInArchiverTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("odop-archive-test-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task JsonLines_WritesOneObjectPerLine()
    {
        var path = Path.Combine(_folder, "out", "results.jsonl");
        var archiver = Records.BuiltIn($$"""{"type": "jsonl", "path": "{{path}}"}""");
        var first = Records.Finished();
        var second = Records.Finished();

        await archiver.ArchiveAsync(first, default);
        await archiver.ArchiveAsync(second, default);

        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(2));
        var read = ResultRecord.FromJson((JsonObject)JsonNode.Parse(lines[0])!);
        Assert.That(read.ToJson().ToJsonString(), Is.EqualTo(first.ToJson().ToJsonString()), "a line reads back as the record");
        Assert.That((string?)JsonNode.Parse(lines[1])!["execution_id"], Is.EqualTo(second.ExecutionId));
    }

    [Test]
    public async Task JsonLines_ALineCutShortByACrash_DoesNotSwallowTheNextRecord()
    {
        var path = Path.Combine(_folder, "results.jsonl");
        File.WriteAllText(path, "{\"execution_id\": \"cut");
        var archiver = Records.BuiltIn($$"""{"type": "jsonl", "path": "{{path}}"}""");
        var record = Records.Finished();

        await archiver.ArchiveAsync(record, default);

        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That((string?)JsonNode.Parse(lines[1])!["execution_id"], Is.EqualTo(record.ExecutionId));
    }

    [Test]
    public async Task Sqlite_KeepsOneRowPerExecution_WhenARecordComesTwice()
    {
        var path = Path.Combine(_folder, "results.db");
        var archiver = Records.BuiltIn($$"""{"type": "sqlite", "path": "{{path}}"}""");
        var record = Records.Finished();

        await archiver.ArchiveAsync(record, default);
        await archiver.ArchiveAsync(record with { Reason = "sent again" }, default);
        await archiver.ArchiveAsync(Records.Finished(), default);
        (archiver as IDisposable)?.Dispose();

        SQLitePCL.Batteries_V2.Init();
        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*), (SELECT reason FROM results WHERE execution_id = $id), (SELECT cpu_seconds FROM results WHERE execution_id = $id) FROM results";
        command.Parameters.AddWithValue("$id", record.ExecutionId);
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.That(reader.GetInt64(0), Is.EqualTo(2));
        Assert.That(reader.GetString(1), Is.EqualTo("sent again"));
        Assert.That(reader.GetDouble(2), Is.EqualTo(1.25));
    }
}
