process.env.CHECKPOINT_DISABLE = '1';
