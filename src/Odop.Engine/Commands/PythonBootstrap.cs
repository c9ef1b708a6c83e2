namespace Odop.Engine.Commands;

/// <summary>
/// The `python -c` script that runs `module.function(input_folder, **execution_option)`. Arguments:
/// module path, function, input folder, options as JSON. An exception prints its traceback and exits 1.
/// </summary>
internal static class PythonBootstrap
{
    internal const string Script = """
        import importlib.util, json, os, sys
        path, function, folder, options = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
        sys.argv = [path]
        sys.path.insert(0, os.path.dirname(path))
        spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0], path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        if not callable(getattr(module, function, None)):
            sys.exit(f"odop: {path} has no function {function!r}")
        getattr(module, function)(folder, **options)
        """;
}
