import LAEvalServerCLI

await LAEvalServerCommand.main()
