namespace Odop.Agent;

/// <summary>What side tasks may do on the cores a watched simulation's ranks are bound to (`odop run --simulation-cores`).</summary>
public enum SimulationCoreUse
{
    /// <summary>Judged by measured load like any other core.</summary>
    Shared,

    /// <summary>Reserved, but the steady gaps the ranks leave (I/O, waits on a GPU) are lent to single-core side tasks under SCHED_IDLE.</summary>
    Gaps,

    /// <summary>Reserved: no side task runs there, during the run or while side tasks drain after it.</summary>
    Reserved,
}
