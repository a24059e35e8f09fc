#!/usr/bin/env python3
"""qwen3_next: same inventory as count_qwen3_5.py. Runs that script for qwen3_next only."""
import os, runpy, sys
sys.argv = [sys.argv[0], 'qwen3_next']
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'count_qwen3_5.py'), run_name='__main__')
