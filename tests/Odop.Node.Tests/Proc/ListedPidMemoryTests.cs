using Odop.Node.Proc;

namespace Odop.Node.Tests.Proc;

public sealed class ListedPidMemoryTests
{
    private static void Walk(ListedPidMemory<string> memory, params (int Pid, string Value)[] kept)
    {
        memory.BeginWalk();
        foreach (var (pid, value) in kept) memory.Keep(pid, value);
        memory.EndWalk();
    }

    [Test]
    public void WhatAWalkKept_IsRecalledByTheNext_AndWhatItDidNotKeep_IsForgotten()
    {
        var memory = new ListedPidMemory<string>();
        Walk(memory, (10, "a"), (11, "b"));
        Walk(memory, (10, "a")); // 11 left the listing

        memory.BeginWalk();
        Assert.That(memory.TryRecall(10, out var ten) ? ten : null, Is.EqualTo("a"));
        Assert.That(memory.TryRecall(11, out _), Is.False, "a pid that left the listing is read afresh");
    }

    [Test]
    public void ForgetAll_DropsWhatEarlierWalksRead_NotWhatThisOneKeeps()
    {
        var memory = new ListedPidMemory<string>();
        Walk(memory, (10, "a"));
        memory.BeginWalk();
        memory.ForgetAll();
        Assert.That(memory.TryRecall(10, out _), Is.False);
        memory.Keep(10, "read again");
        memory.EndWalk();
        memory.BeginWalk();
        Assert.That(memory.TryRecall(10, out var value) ? value : null, Is.EqualTo("read again"));
    }

    [Test]
    public void EveryForgetEveryThWalk_StartsFromNothing()
    {
        var memory = new ListedPidMemory<string>();
        var readAt = new List<int>();
        for (var walk = 1; walk <= 2 * ListedPidMemory.ForgetEvery; walk++)
        {
            memory.BeginWalk();
            if (!memory.TryRecall(10, out _)) readAt.Add(walk);
            memory.Keep(10, "x");
            memory.EndWalk();
        }
        Assert.That(readAt, Is.EqualTo(new[] { 1, ListedPidMemory.ForgetEvery, 2 * ListedPidMemory.ForgetEvery }), "the walks that read it");
    }
}
