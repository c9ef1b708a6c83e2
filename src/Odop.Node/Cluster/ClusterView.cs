namespace Odop.Node.Cluster;

/// <summary>Every node of the cluster, ordered by the world rank of its leader (so world rank 0's node first).</summary>
public sealed class ClusterView
{
    public ClusterView(IReadOnlyList<NodeEntry> nodes, string localNodeName, bool isLeader)
    {
        Nodes = nodes;
        LocalNodeName = localNodeName;
        IsLeader = isLeader;
    }

    public IReadOnlyList<NodeEntry> Nodes { get; }

    /// <summary>The node this agent belongs to.</summary>
    public string LocalNodeName { get; }

    /// <summary>Whether this agent is its node's leader (the one whose inventory is listed).</summary>
    public bool IsLeader { get; }

    /// <summary>The entry of the named node, or null.</summary>
    public NodeEntry? Find(string nodeName) => Nodes.FirstOrDefault(n => n.NodeName == nodeName);
}
