namespace Odop.Agent.Loop;

/// <summary>A summary of the agent's state that `odop status` shows per node.</summary>
internal readonly record struct AgentCounts(int Queued, int Live, int SimulationRanks);
