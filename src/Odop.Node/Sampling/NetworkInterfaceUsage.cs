namespace Odop.Node.Sampling;

/// <summary>Byte counters of one interface from /proc/net/dev and their rates since the previous sample.</summary>
public readonly record struct NetworkInterfaceUsage(
    string Name, long RxBytes, long TxBytes, double RxBytesPerSecond, double TxBytesPerSecond);
