namespace Odop.Protocol.Tests.Infrastructure;

public static class Rpc
{
    /// <summary>Runs a call that must fail, and returns how.</summary>
    public static async Task<RpcException> FailsAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException ex)
        {
            return ex;
        }

        Assert.Fail("The call succeeded, but it was expected to fail with an RpcException.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Reads a whole server stream, returning the messages and how it ended (null when OK).</summary>
    public static async Task<(List<T> Messages, RpcException? Error)> DrainAsync<T>(IAsyncEnumerable<T> stream)
    {
        var messages = new List<T>();
        try
        {
            await foreach (var message in stream)
            {
                messages.Add(message);
            }
        }
        catch (RpcException ex)
        {
            return (messages, ex);
        }

        return (messages, null);
    }
}
