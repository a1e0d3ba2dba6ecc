from bench.native.run import main

raise SystemExit(main())
