using System.Runtime.InteropServices;
using System.Text;

namespace Odop.Node.Internal;

/// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings (argv, envp) in native memory.</summary>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private readonly byte** _array;
    private readonly int _count;

    internal NativeStringArray(IReadOnlyList<string> items)
    {
        // Validate first so a bad entry cannot leak the strings already copied.
        for (var i = 0; i < items.Count; i++)
            if (items[i].Contains('\0'))
                throw new ArgumentException($"argument or environment entry {i} contains a NUL character");
        _count = items.Count;
        _array = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < _count; i++)
        {
            var byteCount = Encoding.UTF8.GetByteCount(items[i]);
            var p = (byte*)NativeMemory.Alloc((nuint)byteCount + 1);
            Encoding.UTF8.GetBytes(items[i], new Span<byte>(p, byteCount));
            p[byteCount] = 0;
            _array[i] = p;
        }
    }

    internal byte** Pointer => _array;

    public void Dispose()
    {
        for (var i = 0; i < _count; i++) NativeMemory.Free(_array[i]);
        NativeMemory.Free(_array);
    }
}
