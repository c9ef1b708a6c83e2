using Odop.Core.Hardware;

namespace Odop.Node.Mpi;

/// <summary>An MPI rank found on this node.</summary>
/// <param name="Source">Which launcher's variables named it: "OMPI", "PMIX", "PMI" or "SLURM".</param>
/// <param name="BoundCpus">Cpus_allowed_list of the rank's main thread at scan time.</param>
/// <param name="JobId">The MPI job (Open MPI jobid, PMIx namespace, Slurm job.step) when known.</param>
public sealed record DiscoveredRank(
    int Pid, int Rank, int? LocalRank, int? WorldSize, string Source, CpuSet BoundCpus, string? JobId = null);
