using Odop.Core;

namespace Odop.Store;

/// <summary>
/// A remark in an execution's history that is not a state change: why the scheduler left it queued
/// ("waiting: idle-window: no core idle for 2 s"). Shown between the transitions, in time order.
/// </summary>
public sealed record ExecutionNote(ExecutionId ExecutionId, DateTimeOffset At, string Text);
