namespace Odop.Scheduling.Placement;

/// <summary>One queued execution as the placer sees it: no profile, no JSON, just what placement needs.</summary>
/// <param name="Cores">Whole cores the execution needs (from the profile's cpus.min, at least 1).</param>
/// <param name="Forced">A user asked to run it now: skip the idle-core check, keep the lease bookkeeping.</param>
public sealed record PlacementRequest(string ExecutionId, int Priority, long Sequence, int Cores, bool Forced = false);
