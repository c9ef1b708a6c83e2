using Odop.Store.Tests.Contract;

namespace Odop.Store.Tests;

public class InMemoryExecutionStoreTests : ExecutionStoreContract
{
    protected override IExecutionStore CreateStore() => ExecutionStores.InMemory();
}
