namespace Odop.Node.Cluster;

/// <summary>One node as its leader reported it.</summary>
/// <param name="NodeName">The node-name override, or the leader's MPI processor name.</param>
/// <param name="WorldRank">The leader's rank in the agents' MPI_COMM_WORLD.</param>
/// <param name="InventoryJson">The leader's inventory, as it passed it (opaque to the exchange).</param>
public sealed record NodeEntry(string NodeName, int WorldRank, byte[] InventoryJson);
