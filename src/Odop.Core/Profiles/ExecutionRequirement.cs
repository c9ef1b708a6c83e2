using System.Text.Json.Nodes;
using Odop.Core.Internal;
using Odop.Core.Quantities;

namespace Odop.Core.Profiles;

/// <summary>
/// What a task asks for. <see cref="Time"/> and <c>cpus.min</c> are required: the scheduler cannot
/// fit a task into an idle window without its expected length, nor reserve cores without knowing
/// how many. Memory and threads may be left out: the defaults (no memory floor, one thread) are
/// safe, and measured usage fills them in after the first run.
/// </summary>
public sealed record ExecutionRequirement(
    DurationQuantity Time,
    ResourceRange<CpuQuantity> Cpus,
    ResourceRange<MemoryQuantity> Memory,
    ResourceRange<int> Threads)
{
    internal static ExecutionRequirement Read(JsonObject o, string path)
    {
        var time = QuantityFields.Duration(o, path, "time") ?? throw JsonFields.Missing(path, "time");

        var cpusPath = JsonFields.Join(path, "cpus");
        var cpus = JsonFields.RequiredObject(o, path, "cpus");
        var cpusMin = QuantityFields.Cpu(cpus, cpusPath, "min") ?? throw JsonFields.Missing(cpusPath, "min");
        if (cpusMin.Millicpus == 0)
            throw new OdopValidationException(null, JsonFields.Join(cpusPath, "min"), "must be at least 1mcpu; every task needs some CPU");
        var cpuRange = Ordered(new ResourceRange<CpuQuantity>(cpusMin, QuantityFields.Cpu(cpus, cpusPath, "max")), cpusPath);

        var memoryPath = JsonFields.Join(path, "memory");
        var memory = JsonFields.OptionalObject(o, path, "memory");
        var memoryRange = memory is null
            ? new ResourceRange<MemoryQuantity>(default, null)
            : Ordered(new ResourceRange<MemoryQuantity>(QuantityFields.Memory(memory, memoryPath, "min") ?? default,
                          QuantityFields.Memory(memory, memoryPath, "max")), memoryPath);

        var threadsPath = JsonFields.Join(path, "threads");
        var threads = JsonFields.OptionalObject(o, path, "threads");
        var threadRange = threads is null
            ? new ResourceRange<int>(1, null)
            : Ordered(new ResourceRange<int>(AtLeastOne(QuantityFields.Threads(threads, threadsPath, "min"), threadsPath, "min") ?? 1,
                          AtLeastOne(QuantityFields.Threads(threads, threadsPath, "max"), threadsPath, "max")), threadsPath);

        return new ExecutionRequirement(time, cpuRange, memoryRange, threadRange);
    }

    private static int? AtLeastOne(int? count, string path, string key) =>
        count is 0 ? throw new OdopValidationException(null, JsonFields.Join(path, key), "must be at least 1") : count;

    private static ResourceRange<T> Ordered<T>(ResourceRange<T> range, string path) where T : struct, IComparable<T> =>
        range.Max is { } max && range.Min.CompareTo(max) > 0
            ? throw new OdopValidationException(null, JsonFields.Join(path, "min"), $"'{range.Min}' is more than max '{max}'")
            : range;
}
