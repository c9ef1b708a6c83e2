namespace Odop.Protocol.Tests.Infrastructure;

/// <summary>Generous bounds for things that must happen: a slow shared machine should not fail a test.</summary>
public static class Wait
{
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    public static async Task ForAsync(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Long);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting for {what}.");
        }
    }
}
