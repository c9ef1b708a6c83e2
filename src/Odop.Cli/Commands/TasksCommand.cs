using System.CommandLine;
using Odop.Cli.Output;
using Odop.Client;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>`odop tasks list|show|start|stop|skip|pause|resume|set-priority`: inspect and steer executions.</summary>
internal static class TasksCommand
{
    public static Command Create()
    {
        var command = new Command("tasks", "List, inspect and steer executions");
        command.Add(List());
        command.Add(Show());
        command.Add(TasksHistoryCommand.Create());
        command.Add(TasksLogsCommand.Create());
        command.Add(Verb("start", "Run a queued execution now, on any core no other side task holds", (c, id, ct) => c.StartAsync(id, ct)));
        command.Add(Verb("stop", "Stop an execution: SIGTERM to its process group, then SIGKILL after the grace period; a queued one is cancelled", (c, id, ct) => c.StopAsync(id, ct)));
        command.Add(Verb("skip", "Drop a queued execution", (c, id, ct) => c.SkipAsync(id, ct)));
        command.Add(Verb("pause", "Pause a running execution (SIGSTOP to its process group)", (c, id, ct) => c.PauseAsync(id, ct)));
        command.Add(Verb("resume", "Resume a paused execution (SIGCONT)", (c, id, ct) => c.ResumeAsync(id, ct)));
        command.Add(SetPriorityCommand.Create());
        return command;
    }

    private static Command List()
    {
        var states = new Option<string[]>("--state") { Description = "Only these states (repeatable, or a comma list): queued, starting, running, paused, succeeded, failed, timed_out, stopped, skipped, lost" };
        var task = new Option<string?>("--task") { Description = "Only executions of this task (name or task_id)" };
        var since = new Option<string?>("--since") { Description = "Only executions enqueued since then: a duration back from now (10m, 1h30m, 2d) or a timestamp (2026-11-21T10:00, local time)" };
        var all = new Option<bool>("--all") { Description = "Every execution the store holds, history before a restart included (default: queued, live, and those that ended in the last hour)" };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("list", "List executions: queued, live and recently ended ones, or with --since / --all older ones from the store") { states, task, since, all, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            var request = new ListExecutionsRequest { TaskId = parse.GetValue(task) ?? "", All = parse.GetValue(all) };
            request.States.AddRange(ParseStates(parse.GetValue(states) ?? []));
            if (parse.GetValue(since) is { } text) request.SinceUnixMs = SinceParser.Parse(text, DateTimeOffset.Now).ToUnixTimeMilliseconds();
            using var client = CliClient.Connect(parse, agent);
            var executions = await client.ListAsync(request, ct);
            if (parse.GetValue(json))
            {
                var reply = new ListExecutionsReply();
                reply.Executions.AddRange(executions);
                Console.WriteLine(ExecutionFormat.ToJson(reply));
                return 0;
            }
            var table = ExecutionFormat.NewTable();
            foreach (var e in executions) ExecutionFormat.AddRow(table, e);
            Console.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("execution-id") { Description = "The execution's UUID" };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show one execution with its history") { id, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var client = CliClient.Connect(parse, agent);
            var execution = await client.GetAsync(parse.GetValue(id)!, ct);
            Console.Write(parse.GetValue(json) ? ExecutionFormat.ToJson(execution) + Environment.NewLine : ExecutionFormat.Details(execution));
            return 0;
        }));
        return command;
    }

    private static Command Verb(string name, string description, Func<OdopClient, string, CancellationToken, Task<Execution>> call)
    {
        var id = new Argument<string>("execution-id") { Description = "The execution's UUID" };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command(name, description) { id, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var client = CliClient.Connect(parse, agent, TimeSpan.FromSeconds(120));
            var execution = await call(client, parse.GetValue(id)!, ct);
            Console.WriteLine(parse.GetValue(json)
                ? ExecutionFormat.ToJson(execution)
                : $"{execution.ExecutionId} {ExecutionFormat.State(execution.State)}{(execution.Reason.Length > 0 ? " (" + execution.Reason + ")" : "")}");
            return 0;
        }));
        return command;
    }

    /// <summary>Each --state value may itself be a comma list: --state queued,running --state failed.</summary>
    internal static IReadOnlyList<ExecutionState> ParseStates(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Select(ParseState).Distinct().ToList();

    internal static ExecutionState ParseState(string text)
    {
        var normalized = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (Enum.TryParse<ExecutionState>(normalized, ignoreCase: true, out var state) && state != ExecutionState.Unspecified) return state;
        throw new ArgumentException($"--state: unknown state '{text}' (queued, starting, running, paused, succeeded, failed, timed_out, stopped, skipped, lost)");
    }
}
