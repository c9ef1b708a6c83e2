namespace Odop.Node.Mpi;

/// <summary>The thread support MPI provided, in the standard's order.</summary>
public enum MpiThreadLevel
{
    /// <summary>Only one thread may exist: .NET always has more, so only the init thread may call MPI.</summary>
    Single = 0,

    /// <summary>Only the thread that initialised MPI may call it.</summary>
    Funneled = 1,

    /// <summary>Any thread may call MPI, one at a time.</summary>
    Serialized = 2,

    /// <summary>Any thread may call MPI at any time.</summary>
    Multiple = 3,
}
