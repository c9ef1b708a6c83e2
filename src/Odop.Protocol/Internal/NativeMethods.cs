using System.Runtime.InteropServices;

namespace Odop.Protocol.Internal;

/// <summary>The little of libc this assembly needs, looked up by hand so a missing libc.so dev link does not matter.</summary>
internal static unsafe class NativeMethods
{
    private static readonly Lazy<uint> EffectiveUid = new(ReadEffectiveUid);

    public static uint EffectiveUserId() => EffectiveUid.Value;

    private static uint ReadEffectiveUid()
    {
        if (OperatingSystem.IsWindows())
        {
            return 0;
        }

        foreach (var name in (ReadOnlySpan<string>)["libc.so.6", "libc", "libSystem.dylib"])
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "geteuid", out var geteuid))
            {
                return ((delegate* unmanaged<uint>)geteuid)();
            }
        }

        throw new PlatformNotSupportedException("geteuid is not available.");
    }
}
