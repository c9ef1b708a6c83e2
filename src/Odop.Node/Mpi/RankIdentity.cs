using System.Globalization;

namespace Odop.Node.Mpi;

/// <summary>What a process's environment says about its MPI rank; internal to discovery.</summary>
internal sealed record RankIdentity(string Source, int Rank, int? LocalRank, int? WorldSize, string? JobId)
{
    /// <summary>Marks processes Odop itself started: side tasks are never simulation ranks.</summary>
    internal const string OdopExecutionVariable = "ODOP_EXECUTION_ID";

    internal static readonly string[] Variables =
    [
        "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_LOCAL_RANK", "OMPI_COMM_WORLD_SIZE", "OMPI_MCA_ess_base_jobid",
        "PMIX_RANK", "PMIX_NAMESPACE", "PMI_RANK", "PMI_SIZE", "MPI_LOCALRANKID",
        "SLURM_PROCID", "SLURM_LOCALID", "SLURM_NTASKS", "SLURM_JOB_ID", "SLURM_STEP_ID",
        OdopExecutionVariable,
    ];

    /// <summary>The launcher variables in order of precedence: the most specific first.</summary>
    internal static RankIdentity? From(Func<string, string?> env)
    {
        if (env(OdopExecutionVariable) is not null) return null;
        var local = Int(env("OMPI_COMM_WORLD_LOCAL_RANK")) ?? Int(env("MPI_LOCALRANKID")) ?? Int(env("SLURM_LOCALID"));
        var size = Int(env("OMPI_COMM_WORLD_SIZE")) ?? Int(env("PMI_SIZE")) ?? Int(env("SLURM_NTASKS"));
        if (Int(env("OMPI_COMM_WORLD_RANK")) is { } ompi)
            return new("OMPI", ompi, local, size, env("OMPI_MCA_ess_base_jobid") ?? env("PMIX_NAMESPACE"));
        if (Int(env("PMIX_RANK")) is { } pmix)
            return new("PMIX", pmix, local, size, env("PMIX_NAMESPACE"));
        if (Int(env("PMI_RANK")) is { } pmi)
            return new("PMI", pmi, local, size, null);
        if (Int(env("SLURM_PROCID")) is { } slurm)
        {
            var job = env("SLURM_JOB_ID") is { } id ? $"{id}.{env("SLURM_STEP_ID")}" : null;
            return new("SLURM", slurm, local, size, job);
        }
        return null;
    }

    /// <summary>Both belong to one known MPI job.</summary>
    internal bool SameJob(RankIdentity other) => JobId is not null && Source == other.Source && JobId == other.JobId;

    /// <summary>Same rank of the same job: a process that merely inherited the variables.</summary>
    internal bool SameRank(RankIdentity other) => Source == other.Source && Rank == other.Rank && JobId == other.JobId;

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
