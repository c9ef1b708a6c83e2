using System.Net.Sockets;

namespace Odop.Protocol.Internal.Server;

/// <summary>
/// Claims a Unix socket path: creates its directory (0700), clears a stale file left by a dead server,
/// refuses when a live one answers, and sets the socket's mode to 0600 between bind and listen, so no
/// other user can ever connect.
/// </summary>
internal static class UnixSocketBinding
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Readies the path for binding; true when a stale socket file was removed.</summary>
    public static bool Prepare(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }
        }

        if (!File.Exists(path))
        {
            return false;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            // Nobody listens: the file outlived its server.
            File.Delete(path);
            return true;
        }
        catch (SocketException ex)
        {
            throw new IOException($"Cannot use '{path}' as a socket: {ex.Message}", ex);
        }

        throw new IOException($"Another server is already listening on '{path}'.");
    }

    /// <summary>Kestrel's hook for creating the listening socket; Kestrel calls Listen afterwards.</summary>
    public static Socket Bind(UnixDomainSocketEndPoint endPoint, string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(endPoint);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, SocketMode);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
