from spinecoach.cli.app import main

main()
