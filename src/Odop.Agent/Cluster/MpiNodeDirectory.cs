using Microsoft.Extensions.Logging;
using Odop.Node.Cluster;
using Odop.Node.Mpi;

namespace Odop.Agent.Cluster;

/// <summary>
/// Agents started as their own MPI job (`mpirun --map-by ppr:1:node odop agent --cluster`), never
/// inside the simulation's world: one agent per node is elected, and every period the elected agents
/// gather their node reports at world rank 0, which broadcasts the combined list back.
/// All MPI calls happen on one dedicated thread (MPI may grant only FUNNELED). Every round is
/// collective, so leaving is agreed: an agent that is stopping says so in its report, and all agents
/// leave the loop in the round that carries it, then finalize together.
/// </summary>
internal sealed partial class MpiNodeDirectory : INodeDirectory
{
    private readonly Func<NodeReport> _self;
    private readonly TimeSpan _period;
    private readonly string? _nodeNameOverride;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _leaving;
    private volatile IReadOnlyList<(NodeReport, int, bool)> _nodes = [];
    private int _worldRank;

    private MpiNodeDirectory(Func<NodeReport> self, TimeSpan period, string? nodeNameOverride, ILogger logger)
    {
        _self = self;
        _period = period;
        _nodeNameOverride = nodeNameOverride;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "odop-mpi" };
    }

    /// <summary>Initialises MPI, elects node leaders and does the first exchange before returning.</summary>
    public static async Task<MpiNodeDirectory> StartAsync(Func<NodeReport> self, TimeSpan period, string? nodeNameOverride, ILogger logger)
    {
        var directory = new MpiNodeDirectory(self, period, nodeNameOverride, logger);
        directory._thread.Start();
        await directory._started.Task;
        return directory;
    }

    public int WorldRank => _worldRank;

    public IReadOnlyList<(NodeReport Report, int WorldRank, bool IsSelf)> Nodes() =>
        _nodes.Count > 0 ? _nodes : [(_self(), _worldRank, true)];

    private void Run()
    {
        MpiSession? session = null;
        try
        {
            session = MpiSession.Init();
            _worldRank = session.Rank;
            var exchange = new NodeInventoryExchange(session, _nodeNameOverride);
            exchange.Elect();
            var first = true;
            while (true)
            {
                var leaving = _leaving;
                var view = exchange.Exchange((_self() with { Leaving = leaving }).ToUtf8());
                var nodes = new List<(NodeReport, int, bool)>();
                var anyLeaving = false;
                foreach (var entry in view.Nodes)
                {
                    if (NodeReport.TryParse(entry.InventoryJson, entry.NodeName) is not { } report) continue;
                    anyLeaving |= report.Leaving;
                    nodes.Add((report, entry.WorldRank, entry.WorldRank == session.Rank));
                }
                _nodes = nodes;
                if (first) { first = false; _started.TrySetResult(); ExchangedLog(_logger, nodes.Count, session.Rank); }
                if (anyLeaving) break;
                Thread.Sleep(_period);
            }
            session.FinalizeMpi();
        }
        catch (Exception e)
        {
            MpiFailedLog(_logger, e.Message);
            _started.TrySetException(e);
        }
        finally
        {
            session?.Dispose();
            _finished.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _leaving = true;
        // Every agent gets the same signal from mpirun at once; if one is slower, the others wait a round.
        await _finished.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Cluster: {Nodes} node(s) known to world rank {Rank}")]
    private static partial void ExchangedLog(ILogger logger, int nodes, int rank);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Cluster membership over MPI failed: {Error}")]
    private static partial void MpiFailedLog(ILogger logger, string error);
}
