#!/usr/bin/env python3
"""qwen3_5_moe: same inventory as count_qwen3_5.py. Runs that script for qwen3_5_moe only."""
import os, runpy, sys
sys.argv = [sys.argv[0], 'qwen3_5_moe']
runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'count_qwen3_5.py'), run_name='__main__')
