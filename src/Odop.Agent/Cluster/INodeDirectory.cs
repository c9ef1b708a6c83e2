namespace Odop.Agent.Cluster;

/// <summary>Every node this agent knows, itself included (first). Thread-safe.</summary>
internal interface INodeDirectory : IAsyncDisposable
{
    IReadOnlyList<(NodeReport Report, int WorldRank, bool IsSelf)> Nodes();
}
