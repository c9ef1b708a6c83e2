namespace Odop.Node.Proc;

/// <summary>How often walks of /proc that remember what they read forget everything (<see cref="ListedPidMemory{T}"/>).</summary>
internal static class ListedPidMemory
{
    /// <summary>Walks after which every remembered value is read again.</summary>
    public const int ForgetEvery = 64;
}

/// <summary>
/// A value read once per process and remembered while the process stays listed in /proc, for walks that would
/// otherwise read every process every time. A walk recalls or reads each listed pid, keeps what it recalled or read,
/// and ends: a pid it did not keep (it left the listing) is forgotten, so a recycled one is read afresh, and every
/// <see cref="ListedPidMemory.ForgetEvery"/>th walk starts from nothing, for a pid recycled between two walks.
/// Not thread-safe: one walk at a time.
/// </summary>
internal sealed class ListedPidMemory<T>
{
    private Dictionary<int, T> _remembered = [];
    private Dictionary<int, T> _kept = [];
    private long _walks;

    /// <summary>What this walk has kept so far; a kept pid may be dropped before <see cref="EndWalk"/>.</summary>
    public Dictionary<int, T> Kept => _kept;

    public void BeginWalk()
    {
        if (++_walks % ListedPidMemory.ForgetEvery == 0) _remembered.Clear();
        _kept.Clear();
    }

    /// <summary>Forgets what earlier walks read, from the walk under way on.</summary>
    public void ForgetAll() => _remembered.Clear();

    public bool TryRecall(int pid, out T value) => _remembered.TryGetValue(pid, out value!);

    public void Keep(int pid, T value) => _kept[pid] = value;

    /// <summary>What this walk kept is what the next one recalls.</summary>
    public void EndWalk() => (_remembered, _kept) = (_kept, _remembered);
}
