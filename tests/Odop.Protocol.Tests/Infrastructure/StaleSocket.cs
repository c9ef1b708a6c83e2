using System.Net.Sockets;

namespace Odop.Protocol.Tests.Infrastructure;

public static class StaleSocket
{
    /// <summary>Leaves a socket file whose server is gone, as after a crash.</summary>
    public static void Leave(string path)
    {
        // .NET unlinks a bound socket's file when the socket closes; a crashed process would not.
        // Renaming the file first keeps it out of that clean-up.
        var bound = path + ".bound";
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }

        Assert.That(File.Exists(path), Is.True, "the stale socket file is in place");
    }
}
