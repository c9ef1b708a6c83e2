using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Odop.Node.Mpi;

/// <summary>
/// Finds <c>libodop_mpi.so</c>: in <c>$ODOP_NATIVE_DIR</c>, then in <c>native/out/</c> of the
/// repository the application runs from (the first folder above it holding <c>Odop.sln</c>),
/// then next to the application.
/// </summary>
internal static class MpiShimLibrary
{
    internal const string FileName = "libodop_mpi.so";
    internal const string NativeDirVariable = "ODOP_NATIVE_DIR";

    private static readonly Lock Gate = new();
    private static bool installed;

    /// <summary>Installs the resolver for this assembly once.</summary>
    internal static void EnsureResolver()
    {
        lock (Gate)
        {
            if (installed)
                return;
            installed = true;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(MpiShimLibrary).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Another part of this assembly owns the resolver; ours then runs after the
                // runtime's own search fails, which finds the library in the same places but
                // may look next to the application first.
                AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) => Resolve(name, assembly, null);
            }
        }
    }

    /// <summary>The folders searched, in order.</summary>
    internal static IReadOnlyList<string> CandidateDirectories(string? nativeDir, string baseDirectory)
    {
        var dirs = new List<string>();
        if (!string.IsNullOrWhiteSpace(nativeDir))
            dirs.Add(Path.GetFullPath(nativeDir));
        if (FindRepositoryRoot(baseDirectory) is { } root)
            dirs.Add(Path.Combine(root, "native", "out"));
        dirs.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory)));
        return dirs;
    }

    /// <summary>The closest folder at or above <paramref name="start"/> that holds Odop.sln.</summary>
    internal static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Odop.sln")))
                return dir.FullName;
        }
        return null;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != MpiShim.Library)
            return IntPtr.Zero;
        var dirs = CandidateDirectories(Environment.GetEnvironmentVariable(NativeDirVariable), AppContext.BaseDirectory);
        foreach (var dir in dirs)
        {
            var path = Path.Combine(dir, FileName);
            if (!File.Exists(path))
                continue;
            try
            {
                return NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e)
            {
                throw new DllNotFoundException(
                    $"{path} exists but could not be loaded (is the MPI it was built with on the library path?): {e.Message}", e);
            }
        }
        throw new DllNotFoundException(
            $"{FileName} not found in: {string.Join(", ", dirs)}. Build it with ./build.sh or `make -C native` " +
            $"(needs mpicc from Open MPI or MPICH), or set {NativeDirVariable} to the folder holding it.");
    }
}
