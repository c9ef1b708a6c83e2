namespace Odop.Engine.Tests.Support;

/// <summary>The system clock plus an offset the test moves forward; timers stay real.</summary>
public sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
