namespace Odop.Node.Mpi;

/// <summary>An MPI call failed; the message holds MPI's (or the shim's) description.</summary>
public sealed class MpiException : Exception
{
    public MpiException(string operation, int errorCode, string description)
        : base($"MPI {operation} failed: {description} (code {errorCode})")
    {
        Operation = operation;
        ErrorCode = errorCode;
    }

    /// <summary>What was being done, e.g. "gather".</summary>
    public string Operation { get; }

    /// <summary>Negative: found by the shim (see native/odop_mpi.h); positive: an MPI error code.</summary>
    public int ErrorCode { get; }
}
