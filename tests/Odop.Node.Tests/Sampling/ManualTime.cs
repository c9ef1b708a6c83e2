namespace Odop.Node.Tests.Sampling;

/// <summary>A clock that moves only when told, so rates and utilisation have exact expected values.</summary>
internal sealed class ManualTime : TimeProvider
{
    private long _ticks;

    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => _ticks;
    public override DateTimeOffset GetUtcNow() => Start + TimeSpan.FromTicks(_ticks);
    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
