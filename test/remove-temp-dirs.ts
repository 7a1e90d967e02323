/** Run after every test file (jest's setupFilesAfterEnv): the folders tempDir made are removed. */
import { removeTempDirs } from './temp-dirs';

afterAll(removeTempDirs);
