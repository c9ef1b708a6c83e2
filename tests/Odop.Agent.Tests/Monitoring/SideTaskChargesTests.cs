using Odop.Agent.Monitoring;
using Odop.Core.Hardware;
using Odop.Node.Sampling;

namespace Odop.Agent.Tests.Monitoring;

public class SideTaskChargesTests
{
    private static readonly CoreUsage[] Busy1 = [new(0, 0.1), new(1, 1.0)];

    private static ProcessSample Task(int pid, double cpu, params int[] cores) =>
        new(pid, 1, 'R', cpu, 0, 1, cores[0], CpuSet.Of(cores), null);

    [Test]
    public void ASettledTask_IsChargedItsMeasuredShare_AndTheRestIsOthersLoad()
    {
        var charges = new SideTaskCharges();
        for (var i = 0; i < SideTaskCharges.WarmUpSamples; i++) charges.Charge(Busy1, [Task(42, 0.6, 1)], [42]);

        var cores = charges.Charge(Busy1, [Task(42, 0.6, 1)], [42]);

        Assert.That(cores[1].Load, Is.EqualTo(0.4).Within(1e-9), "1.0 measured, 0.6 of it ours");
        Assert.That(cores[0].Load, Is.EqualTo(0.1).Within(1e-9));
    }

    [Test]
    public void InItsFirstSamples_ATasksCoresAreChargedToItWhole()
    {
        var cores = new SideTaskCharges().Charge(Busy1, [Task(42, 0.0, 1)], [42]);

        Assert.That(cores[1].Load, Is.Zero, "no CPU share yet: the core's load is taken as the task's own");
    }

    [Test]
    public void TheSampleAfterATaskEnded_ChargesItsCoresToIt_AndTheOneAfterThatNoLonger()
    {
        var charges = new SideTaskCharges();
        for (var i = 0; i <= SideTaskCharges.WarmUpSamples; i++) charges.Charge(Busy1, [Task(42, 1.0, 1)], [42]);

        // The process is gone (not sampled), whether or not the loop has heard of its exit yet.
        var justEnded = charges.Charge(Busy1, [], [42]);
        var after = charges.Charge(Busy1, [], []);

        Assert.That(justEnded[1].Load, Is.Zero, "its last period's CPU left with it: not a busy spike for the scheduler");
        Assert.That(after[1].Load, Is.EqualTo(1.0), "a core still busy a sample later is someone else's load");
    }

    [Test]
    public void OnARanksCoreLendingItsGaps_AStartingTaskIsChargedOnlyWhatTheRankLeft()
    {
        var charges = new SideTaskCharges();
        CoreUsage[] rankAlone = [new(0, 0.8), new(1, 0.0)];
        CoreUsage[] rankAndTask = [new(0, 1.0), new(1, 0.0)];
        charges.Charge(rankAlone, [], []);

        var starting = charges.Charge(rankAndTask, [Task(42, 0.0, 0)], [42]);
        for (var i = 1; i < SideTaskCharges.WarmUpSamples; i++) charges.Charge(rankAndTask, [Task(42, 0.2, 0)], [42]);
        var settled = charges.Charge(rankAndTask, [Task(42, 0.15, 0)], [42]);
        var justEnded = charges.Charge(rankAlone, [], [42]);

        Assert.That(starting[0].Load, Is.EqualTo(0.8).Within(1e-9), "the rank's 0.8 stays the rank's: the task is charged the 0.2 it left");
        Assert.That(settled[0].Load, Is.EqualTo(0.85).Within(1e-9), "measured from here on");
        Assert.That(justEnded[0].Load, Is.EqualTo(0.8).Within(1e-9), "no more used than the others' settled 0.85: nothing is charged to the ended task");
    }

    [Test]
    public void InTheSampleATaskMoved_NeitherItsOldNorItsNewCoreShowsItsShareAsOthersLoad()
    {
        var charges = new SideTaskCharges();
        // Settled in a rank's gaps on CPU 0 (the rank 0.8, the task 0.2); CPU 1 idle.
        for (var i = 0; i <= SideTaskCharges.WarmUpSamples; i++) charges.Charge([new(0, 1.0), new(1, 0.0)], [Task(42, 0.2, 0)], [42]);

        // Moved to CPU 1 mid-period: it ran there flat out for half of it, so CPU 1 reads 0.5 busy, but its share
        // over the period, half of it at the rank's leftovers on CPU 0, reads 0.6; CPU 0 reads the rank's 0.8 and 0.1 of the task.
        var moving = charges.Charge([new(0, 0.9), new(1, 0.5)], [Task(42, 0.6, 1)], [42]);
        var settled = charges.Charge([new(0, 0.8), new(1, 1.0)], [Task(42, 1.0, 1)], [42]);

        Assert.That(moving[1].Load, Is.Zero.Within(1e-9), "CPU 1's others' load as it was, none");
        Assert.That(moving[0].Load, Is.EqualTo(0.8).Within(1e-9), "CPU 0's others' load as it was, the rank's 0.8: not 0.9 with the task's last 0.1 counted as the rank's");
        Assert.That(settled[1].Load, Is.Zero.Within(1e-9));
        Assert.That(settled[0].Load, Is.EqualTo(0.8).Within(1e-9));
    }

    [Test]
    public void ATaskStartingRightAfterABurstOnAnIdleCore_IsNotChargedAsThatBurstGoingOn()
    {
        var charges = new SideTaskCharges();
        for (var i = 0; i < SideTaskCharges.SettledWindow; i++) charges.Charge([new(0, 0.8), new(1, 0.0)], [], []);
        charges.Charge([new(0, 0.8), new(1, 0.9)], [], []); // a helper thread's burst on CPU 1

        var starting = charges.Charge([new(0, 0.8), new(1, 1.0)], [Task(42, 0.0, 1)], [42]);

        Assert.That(starting[1].Load, Is.Zero, "the core's settled others' load is its quiet one, not the burst's 0.9");
    }

    [Test]
    public void TheAgentsOwnCpu_IsOurs_SpreadOverTheCoresItMayRunOn()
    {
        CoreUsage[] cores = [new(0, 0.1), new(1, 0.5)];
        var self = new ProcessSample(Environment.ProcessId, 1, 'R', 0.4, 0, 20, 1, CpuSet.Of(1), null);

        var charged = new SideTaskCharges().Charge(cores, [], [], self);

        Assert.That(charged[1].Load, Is.EqualTo(0.1).Within(1e-9), "0.5 measured, 0.4 of it the agent's own compiling or serving");
        Assert.That(charged[0].Load, Is.EqualTo(0.1).Within(1e-9), "kept off CPU 0: nothing of it charged there");
    }
}
