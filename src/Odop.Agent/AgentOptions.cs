using Odop.Core.Hardware;

namespace Odop.Agent;

/// <summary>How one agent runs. Every value has a default that works on a single node.</summary>
public sealed class AgentOptions
{
    /// <summary>Unix socket the agent serves Queue and Executions on (mode 0600).</summary>
    public required string SocketPath { get; init; }

    /// <summary>Opt-in TCP endpoint (host:port); null serves the Unix socket only.</summary>
    public System.Net.IPEndPoint? TcpEndpoint { get; init; }

    /// <summary>The engine's endpoint: "unix:/path" or "host:port".</summary>
    public required string EngineEndpoint { get; init; }

    /// <summary>Folder of task profiles (*.json); measured usage is written back here.</summary>
    public required string ProfilesDirectory { get; init; }

    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>CPUs never handed to side tasks, on top of those simulation ranks are bound to.</summary>
    public CpuSet ExcludedCpus { get; init; } = CpuSet.Empty;

    /// <summary>
    /// Moves this process's own threads off the cores the simulation's ranks are bound to, once they are
    /// known. For an agent process of its own (`odop agent`, `odop run`); off in a host that is not only the agent.
    /// </summary>
    public bool KeepOffSimulationCores { get; init; }

    public static readonly TimeSpan DefaultSamplingPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the agent samples the node (per-core load, side tasks) and ticks its loop.</summary>
    public TimeSpan SamplingPeriod { get; init; } = DefaultSamplingPeriod;

    /// <summary>
    /// When to first drop the start-up pages from the agent's resident set (then every 5 minutes);
    /// null keeps them. See <see cref="Odop.Node.Memory.StartupPageTrimmer"/>. At odop's 500-call tiering
    /// threshold and the default period, the methods run once a sample are recompiled about 50 s in; trimming
    /// before that would let their recompilation page the JIT back in.
    /// </summary>
    public TimeSpan? TrimStartupPagesAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Only ranks below this process count as the simulation (e.g. the mpirun `odop run` started).</summary>
    public int? SimulationRootPid { get; init; }

    /// <summary>SIGTERM-to-SIGKILL grace for stops.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline of each agent-to-engine call.</summary>
    public TimeSpan EngineCallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// The SQLite file that makes the queue durable (executions, every transition); null keeps it in memory.
    /// An agent restarted on the same file picks up where it stopped.
    /// </summary>
    public string? StorePath { get; init; }

    /// <summary>
    /// How the store syncs commits. Normal (default) survives a killed agent but may lose the last commits
    /// on a power loss or kernel crash, which also loses the unsynced result files those elements name;
    /// Full survives a power loss at one fsync per commit.
    /// </summary>
    public Odop.Store.SqliteSynchronous StoreSynchronous { get; init; } = Odop.Store.SqliteSynchronous.Normal;

    /// <summary>Added to a profile's `time` before a running execution is stopped as `timed_out`.</summary>
    public TimeSpan TimeLimitSlack { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Ended executions older than this are purged from memory and the store (measurements stay).</summary>
    public TimeSpan HistoryRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often the history retention runs; null: a tenth of the retention, between 1 s and 1 h.</summary>
    public TimeSpan? HistoryPurgePeriod { get; init; }

    /// <summary>How side tasks are placed: odop (prediction, reclaim), threshold (the original ODOP rule) or naive.</summary>
    public Odop.Scheduling.PolicyKind Policy { get; init; } = Odop.Scheduling.PolicyKind.Odop;

    /// <summary>
    /// The odop policy's gap filling (<see cref="Odop.Scheduling.SchedulerOptions.GapFillMinIdleShare"/>): 0, the default,
    /// turns it off; `odop run --simulation-cores gaps` sets it, so its reserved rank cores lend their steady gaps.
    /// </summary>
    public double GapFillMinIdleShare { get; init; }

    /// <summary>
    /// This agent is one rank of an agents' MPI job (`mpirun --map-by ppr:1:node odop agent --cluster`):
    /// agents elect one per node and exchange node reports, so `odop status` shows every node.
    /// </summary>
    public bool Cluster { get; init; }

    /// <summary>A limits file (JSON) every non-admin enqueue is checked against; null: no limits. Read (and checked) at start.</summary>
    public string? LimitsPath { get; init; }

    /// <summary>How often clustered agents exchange node reports.</summary>
    public TimeSpan ClusterExchangePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Where finished executions' records go (`--archivers FILE`); null archives nothing. The backlog lives in the
    /// file's "backlog", else next to <see cref="StorePath"/>, else in memory.
    /// </summary>
    public Odop.Archiving.ArchiveConfig? Archivers { get; init; }
}
