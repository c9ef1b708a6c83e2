using System.Diagnostics;

namespace Odop.Benchmarks.Sampler;

/// <summary>Real idle processes for the process sampler to read; killed on dispose.</summary>
internal sealed class Sleepers : IDisposable
{
    private readonly List<Process> _processes = [];

    public Sleepers(int count) : this(count, "sleep", ["600"]) { }

    private Sleepers(int count, string program, string[] args)
    {
        for (var i = 0; i < count; i++) _processes.Add(Process.Start(program, args));
    }

    /// <summary>Each the leader of a process group of its own (setsid), as the engine starts side tasks.</summary>
    public static Sleepers InTheirOwnGroups(int count) => new(count, "setsid", ["sleep", "600"]);

    public IEnumerable<int> Pids => _processes.Select(p => p.Id);

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try { p.Kill(); p.WaitForExit(); }
            catch (InvalidOperationException) { /* already gone */ }
            p.Dispose();
        }
    }
}
