using System.CommandLine;
using Odop.Cli.Output;
using Odop.Client;
using Odop.Core.Workflow;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>
/// `odop batch FILE`: enqueues a batch file's groups all at once (all or nothing), waits until every group
/// is done and prints a summary; exit 0 when every group succeeded, 1 when one failed, 2 for a bad file.
/// </summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A batch file (JSON): groups of executions; see README \"Batch files\"" };
        var noWait = new Option<bool>("--no-wait") { Description = "Enqueue and print the group names, do not wait" };
        var exactNames = new Option<bool>("--exact-names") { Description = "Use the group names as written (default: add a suffix unique to this run, so a file can run again)" };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("batch", "Enqueue groups of executions from a batch file, wait for them and report") { file, noWait, exactNames, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            var path = parse.GetValue(file)!;
            var batch = BatchFile.Load(path);
            var suffix = parse.GetValue(exactNames) ? "" : "#" + Guid.NewGuid().ToString("N")[..6];
            using var client = OdopClient.Connect(parse.GetValue(agent));
            await client.EnqueueBatchAsync(Elements(batch, suffix), ct);
            var names = batch.Groups.Select(g => g.Spec.Name + suffix).ToList();
            if (parse.GetValue(noWait))
            {
                foreach (var name in names) Console.WriteLine(name);
                return 0;
            }
            var groups = await WaitAsync(client, names, ct);
            if (parse.GetValue(json))
            {
                var reply = new ListGroupsReply();
                reply.Groups.AddRange(groups);
                Console.WriteLine(ExecutionFormat.ToJson(reply));
            }
            else Console.Write(Summary(groups));
            return groups.All(g => g.State == "succeeded") ? 0 : CliErrors.Failure;
        }));
        return command;
    }

    /// <summary>Every execution of every group, in file order, as one all-or-nothing request.</summary>
    internal static IEnumerable<QueueElement> Elements(BatchFile batch, string suffix)
    {
        foreach (var group in batch.Groups)
        {
            var spec = group.Spec;
            var named = new GroupSpec(spec.Name + suffix, spec.Strategy, spec.FailureMode, spec.Parallelism, [.. spec.After.Select(a => a + suffix)]);
            foreach (var e in group.Executions)
                yield return OdopClient.NewElement(e.TaskId, e.ExecutionOption, e.ExecutionId?.Value, e.Priority)
                    .WithWorkflow(e.Workflow.WithGroup(named));
        }
    }

    private static async Task<List<Group>> WaitAsync(OdopClient client, IReadOnlyList<string> names, CancellationToken ct)
    {
        while (true)
        {
            var groups = new List<Group>();
            foreach (var name in names) groups.Add(await client.GetGroupAsync(name, ct));
            if (groups.All(g => g.Done)) return groups;
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    internal static string Summary(IReadOnlyList<Group> groups)
    {
        var text = new System.Text.StringBuilder();
        foreach (var g in groups)
        {
            text.AppendLine($"group {g.Name}: {g.State} ({g.Strategy}, {g.FailureMode}{(g.Strategy == "parallel" ? $", {g.Parallelism} at a time" : "")})"
                + (g.FirstFailure.Length > 0 ? $": {g.FirstFailure}" : ""));
            foreach (var m in g.Members)
                text.AppendLine($"  {m.ExecutionId}  {m.TaskName,-16} {ExecutionFormat.State(m.State),-10} {m.Reason}");
        }
        var failed = groups.Count(g => g.State != "succeeded");
        text.AppendLine(failed == 0 ? $"{groups.Count} group(s) succeeded" : $"{failed} of {groups.Count} group(s) failed");
        return text.ToString();
    }
}
