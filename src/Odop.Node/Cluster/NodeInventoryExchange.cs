using Odop.Node.Cluster.Internal;
using Odop.Node.Mpi;

namespace Odop.Node.Cluster;

/// <summary>
/// Elects one agent per node and shares every node's inventory: leaders send theirs to world
/// rank 0, which broadcasts the combined list to every agent.
/// </summary>
/// <remarks>
/// Nodes are the ranks sharing memory, unless some agent has a node-name override
/// (<see cref="NodeNameVariable"/>): then agents with equal names are one node, and agents
/// without one use their processor name. Overrides let several agents on one machine act as
/// separate nodes. The leader of a node is its lowest world rank.
/// Both methods are collective over the agents' MPI_COMM_WORLD and follow
/// <see cref="MpiSession"/>'s thread rules.
/// </remarks>
public sealed class NodeInventoryExchange
{
    /// <summary>The environment variable holding a node-name override.</summary>
    public const string NodeNameVariable = "ODOP_NODE_NAME";

    private readonly MpiSession session;
    private readonly string? nodeNameOverride;
    private bool elected;

    /// <param name="session">An initialised session.</param>
    /// <param name="nodeNameOverride">This agent's node name, or null for its processor name
    /// (see <see cref="NodeNameOverrideFromEnvironment"/>).</param>
    public NodeInventoryExchange(MpiSession session, string? nodeNameOverride)
    {
        this.session = session;
        this.nodeNameOverride = string.IsNullOrEmpty(nodeNameOverride) ? null : nodeNameOverride;
    }

    /// <summary>The override in <see cref="NodeNameVariable"/>, or null when unset or empty.</summary>
    public static string? NodeNameOverrideFromEnvironment() =>
        Environment.GetEnvironmentVariable(NodeNameVariable) is { Length: > 0 } name ? name : null;

    /// <summary>This agent's node name: the override, or the processor name.</summary>
    public string NodeName => nodeNameOverride ?? session.ProcessorName;

    /// <summary>
    /// Collective: groups the agents into nodes, once; afterwards the session's
    /// <see cref="MpiSession.IsNodeLeader"/> and <see cref="MpiSession.NodeCount"/> reflect it.
    /// </summary>
    public void Elect()
    {
        if (elected)
            return;
        session.GroupNodesByName(nodeNameOverride);
        elected = true;
    }

    /// <summary>
    /// Collective: every agent passes its inventory (only leaders' are sent) and gets every
    /// node's. Elects first if <see cref="Elect"/> was not called. May be called again for fresh inventories.
    /// </summary>
    public ClusterView Exchange(ReadOnlySpan<byte> inventoryJson)
    {
        Elect();
        byte[]? combined = null;
        if (session.IsNodeLeader)
        {
            var own = NodeEntryCodec.Encode(new NodeEntry(NodeName, session.Rank, inventoryJson.ToArray()));
            var gathered = session.GatherToRoot(own, leadersOnly: true);
            if (gathered is not null)
                combined = NodeEntryCodec.Combine(gathered);
        }
        var all = session.Broadcast(combined, leadersOnly: false);
        return new ClusterView(NodeEntryCodec.DecodeAll(all), NodeName, session.IsNodeLeader);
    }
}
