using Odop.Core.Profiles;
using Odop.Core.Quantities;

namespace Odop.Core.Tests.Profiles;

public class ProfileUsageFeedbackTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const long MiB = 1L << 20;

    [Test]
    public void FirstRun_TakesTheMeasurement_WithHeadroomOnMax()
    {
        // 60 CPU seconds over 120 wall seconds is half a core.
        var usage = new MeasuredUsage(cpuSeconds: 60, peakRssBytes: 1000 * MiB, peakThreads: 3, wallSeconds: 120);
        var update = ProfileUsageFeedback.Apply(TaskProfile.Parse(ProfileJson.Example()), usage, T0);
        Assert.Multiple(() =>
        {
            Assert.That(update.TaskId, Is.EqualTo(ProfileJson.TaskId));
            Assert.That(update.CpusMin, Is.EqualTo(new CpuQuantity(500)));
            Assert.That(update.CpusMax, Is.EqualTo(new CpuQuantity(600)));
            Assert.That(update.MemoryMin, Is.EqualTo(new MemoryQuantity(1000 * MiB)));
            Assert.That(update.MemoryMax, Is.EqualTo(new MemoryQuantity(1200 * MiB)));
            Assert.That(update.ThreadsMin, Is.EqualTo(TaskProfile.Parse(ProfileJson.Example()).Requirement.Threads.Min), "the profile's own");
            Assert.That(update.ThreadsMax, Is.EqualTo(4)); // 3.6 rounded up
            Assert.That(update.Time, Is.EqualTo(DurationQuantity.Parse("144s")));
            Assert.That(update.Measured, Is.EqualTo(new MeasuredStats(1, usage, usage, T0)));
        });
    }

    [Test]
    public void SecondRun_BlendsHalfAndHalf_WithThePreviousEstimate()
    {
        var profile = TaskProfile.Parse(ProfileJson.Example());
        var first = new MeasuredUsage(60, 1000 * MiB, 3, 120);
        profile = profile.WithUpdate(ProfileUsageFeedback.Apply(profile, first, T0));

        var second = new MeasuredUsage(cpuSeconds: 120, peakRssBytes: 2000 * MiB, peakThreads: 6, wallSeconds: 80);
        var update = ProfileUsageFeedback.Apply(profile, second, T0.AddHours(1));

        // EWMA: cpu 90 s, wall 100 s → 900 mcpu; rss 1500 MiB; threads 4.5 → 5; time 100 s × 1.2.
        Assert.Multiple(() =>
        {
            Assert.That(update.Measured!.Runs, Is.EqualTo(2));
            Assert.That(update.Measured.Last, Is.EqualTo(second));
            Assert.That(update.Measured.Ewma, Is.EqualTo(new MeasuredUsage(90, 1500 * MiB, 5, 100)));
            Assert.That(update.Measured.UpdatedAt, Is.EqualTo(T0.AddHours(1)));
            Assert.That(update.CpusMin, Is.EqualTo(new CpuQuantity(900)));
            Assert.That(update.CpusMax, Is.EqualTo(new CpuQuantity(1080)));
            Assert.That(update.MemoryMin, Is.EqualTo(new MemoryQuantity(1500 * MiB)));
            Assert.That(update.MemoryMax, Is.EqualTo(new MemoryQuantity(1800 * MiB)));
            Assert.That(update.ThreadsMin, Is.EqualTo(TaskProfile.Parse(ProfileJson.Example()).Requirement.Threads.Min), "the profile's own");
            Assert.That(update.ThreadsMax, Is.EqualTo(6));
            Assert.That(update.Time, Is.EqualTo(DurationQuantity.Parse("2m")));
        });
    }

    [Test]
    public void ManyIdleThreads_DoNotRaiseTheCoresAPlacementAsksFor()
    {
        // A Python task: one core busy, four threads (the interpreter's helpers) seen.
        var profile = TaskProfile.Parse(ProfileJson.Example());
        var update = ProfileUsageFeedback.Apply(profile, new MeasuredUsage(cpuSeconds: 0.5, peakRssBytes: 17 * MiB, peakThreads: 4, wallSeconds: 0.52), T0);

        Assert.That(update.ThreadsMin, Is.EqualTo(2), "the profile's threads.min (placement gives each a core), not the 4 counted");
        Assert.That(update.CpusMin, Is.EqualTo(new CpuQuantity(962)), "what it runs in parallel is measured here");
        Assert.That(update.ThreadsMax, Is.EqualTo(5), "the peak seen, with headroom, still bounds it");
    }

    [Test]
    public void IdleOrInstantRun_NeverGoesBelowOneMillicpu_NorThreadsMaxBelowMin()
    {
        var update = ProfileUsageFeedback.Apply(TaskProfile.Parse(ProfileJson.Example()), new MeasuredUsage(0, 0, 0, 0), T0);
        Assert.That(update.CpusMin, Is.EqualTo(new CpuQuantity(1)));
        Assert.That(update.CpusMax, Is.EqualTo(new CpuQuantity(1)));
        Assert.That(update.ThreadsMin, Is.EqualTo(2), "the profile's own");
        Assert.That(update.ThreadsMax, Is.EqualTo(2), "never below min");
        Assert.That(update.Time, Is.EqualTo(DurationQuantity.Parse("1s")));
    }

    [Test]
    public void Result_IsAValidProfile_ThatKeepsForeignKeys()
    {
        var profile = TaskProfile.Parse(ProfileJson.Example());
        var updated = profile.WithUpdate(ProfileUsageFeedback.Apply(profile, new MeasuredUsage(30, 5 * MiB, 2, 10), T0));
        Assert.That(updated.Requirement.Cpus, Is.EqualTo(new ResourceRange<CpuQuantity>(new(3000), new CpuQuantity(3600))));
        Assert.That(updated.Measured!.Runs, Is.EqualTo(1));
        Assert.That(updated.ToJson()["x-site"]!["owner"]!.GetValue<string>(), Is.EqualTo("alice"));
    }

    [Test]
    public void MeasuredUsage_RefusesNegativeOrNaN()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MeasuredUsage(double.NaN, 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MeasuredUsage(1, -1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MeasuredUsage(1, 0, 0, -1));
    }
}
