namespace Odop.Node.Processes;

/// <summary>
/// How a child ended, from wait4. Usage covers the child and the descendants it waited for.
/// Both <see cref="ExitCode"/> and <see cref="TermSignal"/> are null when the status was lost
/// (someone else reaped the child).
/// </summary>
public sealed record ChildExit(int? ExitCode, int? TermSignal, TimeSpan UserCpu, TimeSpan SystemCpu, long MaxRssBytes)
{
    public TimeSpan TotalCpu => UserCpu + SystemCpu;

    public static ChildExit Lost { get; } = new(null, null, TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>Decodes a wait status word (WIFEXITED / WIFSIGNALED).</summary>
    internal static (int? ExitCode, int? TermSignal) Decode(int status)
    {
        var low = status & 0x7f;
        if (low == 0) return ((status >> 8) & 0xff, null);
        if (low != 0x7f) return (null, low);
        return (null, null); // stopped: never asked for, so never seen
    }
}
