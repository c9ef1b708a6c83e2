using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Odop.Protocol.Internal.Server;

/// <summary>Who is on the other end of a Unix socket, from the kernel (SO_PEERCRED), so it cannot be forged.</summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1; // Linux values
    private const int SoPeerCred = 17;

    public static int? TryGetUid(HttpContext context)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null || socket.AddressFamily != AddressFamily.Unix)
        {
            return null;
        }

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
            return length < 8 ? null : (int)MemoryMarshal.Read<uint>(ucred[4..]);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or PlatformNotSupportedException)
        {
            return null;
        }
    }
}
