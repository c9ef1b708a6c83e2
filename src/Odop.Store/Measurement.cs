using Odop.Core;
using Odop.Core.Profiles;

namespace Odop.Store;

/// <summary>One finished execution's measured usage, kept per task so the profile can learn from it.</summary>
public sealed record Measurement(string TaskId, ExecutionId ExecutionId, MeasuredUsage Usage, DateTimeOffset At);
