using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using Odop.Agent;
using Odop.Core.Hardware;
using Odop.Protocol;

namespace Odop.Cli.Commands;

/// <summary>`odop agent`: the per-node scheduler, serving Queue and Executions and driving an engine.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var socket = new Option<string>("--socket") { Description = "Unix socket to serve on (mode 0600)", DefaultValueFactory = _ => Endpoints.DefaultAgentSocket() };
        var tcp = new Option<string?>("--tcp") { Description = "Also serve on TCP host:port (opt-in)" };
        var engine = new Option<string>("--engine") { Description = "Engine endpoint: unix:/path or host:port", DefaultValueFactory = _ => "unix:" + Endpoints.DefaultEngineSocket() };
        var profiles = CommonOptions.Profiles();
        var node = new Option<string>("--node-name") { Description = "This node's name (default: $ODOP_NODE_NAME, else the host name)", DefaultValueFactory = _ => DefaultNodeName() };
        var cluster = new Option<bool>("--cluster") { Description = "Run as one rank of an agents' MPI job (mpirun --map-by ppr:1:node odop agent --cluster): agents exchange node reports, `odop status` lists every node" };
        var exclude = new Option<string?>("--exclude-cpus") { Description = "CPUs never given to side tasks, Linux list format (e.g. 0,2-3)" };
        var policy = CommonOptions.Policy();
        var slack = CommonOptions.TimeSlack();
        var store = new Option<string>("--store") { Description = "SQLite file that keeps the queue and its history across restarts (\"memory\": none)", DefaultValueFactory = _ => Path.Combine(StateDirectory(), "agent.db") };
        var sync = new Option<Odop.Store.SqliteSynchronous>("--store-sync") { Description = "normal (default): an acknowledged enqueue survives a killed or crashed agent; the last ones may be lost on a power loss, like the unsynced result files they point to. full: every acknowledged enqueue is synced to disk (one fsync per commit)", DefaultValueFactory = _ => Odop.Store.SqliteSynchronous.Normal };
        var retention = new Option<string>("--history-retention") { Description = "Ended executions older than this are purged from the store (e.g. 7d, 12h); measurements stay", DefaultValueFactory = _ => "7d" };
        var limits = new Option<string?>("--limits") { Description = "Limits file (JSON; YAML is not supported) checked on every non-admin enqueue; see `odop limits check`" };
        var period = new Option<int>("--period-ms") { Description = "Sampling period in milliseconds", DefaultValueFactory = _ => 100 };
        var archivers = new Option<string?>("--archivers") { Description = "JSON file of archivers that receive each finished execution's record (see `odop archivers check`)" };
        var logLevel = Logging.LevelOption(LogLevel.Information);
        var command = new Command("agent", "Run the node agent: queue, placement on idle cores, orchestration of the engine")
        {
            socket, tcp, engine, profiles, node, cluster, exclude, policy, slack, store, sync, retention, limits, period, archivers, logLevel,
        };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var loggers = Logging.Create(parse.GetValue(logLevel));
            var options = new AgentOptions
            {
                SocketPath = parse.GetValue(socket)!,
                TcpEndpoint = ParseTcp(parse.GetValue(tcp)),
                EngineEndpoint = parse.GetValue(engine)!,
                ProfilesDirectory = Path.GetFullPath(parse.GetValue(profiles)!),
                NodeName = parse.GetValue(node)!,
                ExcludedCpus = ParseCpus(parse.GetValue(exclude), "--exclude-cpus"),
                SamplingPeriod = ParsePeriod(parse.GetValue(period)),
                Cluster = parse.GetValue(cluster),
                Policy = parse.GetValue(policy),
                TimeLimitSlack = CommonOptions.ParseTimeSlack(parse.GetValue(slack)!),
                StorePath = parse.GetValue(store) is "memory" ? null : Path.GetFullPath(parse.GetValue(store)!),
                StoreSynchronous = parse.GetValue(sync),
                KeepOffSimulationCores = true,
                HistoryRetention = ParseRetention(parse.GetValue(retention)!),
                LimitsPath = parse.GetValue(limits),
                Archivers = parse.GetValue(archivers) is { } file ? ArchiversCommand.Load(file) : null,
            };
            await using var host = await AgentHost.StartAsync(options, loggers, cancellationToken: ct);
            if (host.InitialAdminToken is { } token)
                Console.Error.WriteLine($"odop agent: first start: created user 'admin'; its token, shown only now: {token}");
            Console.Error.WriteLine($"odop agent: serving unix:{host.SocketPath}{(host.TcpPort is { } p ? $" and tcp port {p}" : "")}; engine {options.EngineEndpoint}; profiles {options.ProfilesDirectory}");
            await WaitForShutdown(ct);
            return 0;
        }));
        return command;
    }

    /// <summary>$XDG_STATE_HOME/odop, else ~/.local/state/odop.</summary>
    internal static string StateDirectory()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state)) state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "odop");
    }

    internal static string DefaultNodeName() =>
        Environment.GetEnvironmentVariable("ODOP_NODE_NAME") is { Length: > 0 } name ? name : Environment.MachineName;

    internal static async Task WaitForShutdown(CancellationToken ct)
    {
        try { await Task.Delay(Timeout.Infinite, ct); }
        catch (OperationCanceledException) { }
    }

    internal static IPEndPoint? ParseTcp(string? value)
    {
        if (value is null) return null;
        if (IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port is >= 0 and <= 65535 && value.Contains(':')) return endpoint;
        throw new ArgumentException($"--tcp: '{value}' is not host:port (e.g. 127.0.0.1:7000)");
    }

    internal static CpuSet ParseCpus(string? value, string option)
    {
        if (value is null) return CpuSet.Empty;
        if (CpuSet.TryParse(value, out var set, out var error)) return set;
        throw new ArgumentException($"{option}: {error}");
    }

    internal static TimeSpan ParseRetention(string text)
    {
        TimeSpan value;
        try { value = Odop.Core.Quantities.DurationQuantity.Parse(text, "--history-retention").Value; }
        catch (Odop.Core.OdopValidationException e) { throw new ArgumentException(e.Message); }
        return value > TimeSpan.Zero ? value : throw new ArgumentException($"--history-retention: '{text}' must be longer than 0");
    }

    internal static TimeSpan ParsePeriod(int milliseconds) => milliseconds is >= 10 and <= 60_000
        ? TimeSpan.FromMilliseconds(milliseconds)
        : throw new ArgumentException($"--period-ms: {milliseconds} is outside 10..60000");
}
