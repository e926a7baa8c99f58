import LAEvalServerCLI

await LAEvalServerCommand.start()
