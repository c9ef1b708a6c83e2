namespace Odop.Engine.Commands;

/// <summary>
/// The environment a task inherits from the engine. A side task is not a rank of whatever MPI job started
/// the engine (under `odop run` it may be one), so the launcher's rank and job variables are dropped:
/// an mpi4py task would otherwise try to join that job.
/// </summary>
internal static class ChildEnvironment
{
    private static readonly string[] DroppedPrefixes =
    [
        "OMPI_COMM_WORLD_", "OMPI_MCA_ess_base_", "OMPI_MCA_orte_", "OMPI_MCA_pmix", "PMIX_", "PMI_", "PRTE_",
        "MPI_LOCALRANKID", "MPI_LOCALNRANKS", "HYDRA_",
    ];

    internal static Dictionary<string, string> FromEngine(IReadOnlyDictionary<string, string> engine)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in engine)
            if (!DroppedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
                env[key] = value;
        return env;
    }
}
