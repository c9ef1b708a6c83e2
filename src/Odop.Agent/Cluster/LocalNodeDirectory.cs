namespace Odop.Agent.Cluster;

/// <summary>An agent on its own (not started under mpirun): it knows only its node.</summary>
internal sealed class LocalNodeDirectory(Func<NodeReport> self) : INodeDirectory
{
    public IReadOnlyList<(NodeReport Report, int WorldRank, bool IsSelf)> Nodes() => [(self(), 0, true)];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
